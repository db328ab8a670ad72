import { NotFoundCard } from "@/components/not-found-card";

export default function CheckoutNotFound() {
  return <NotFoundCard thing="checkout" href="/billing" linkText="Go to Money" />;
}
