import { NotFoundCard } from "@/components/not-found-card";

export default function ApprovalNotFound() {
  return <NotFoundCard thing="approval" href="/approvals" linkText="Go to your approvals" />;
}
