/** "2 d 3 h left", "45 min left", "expired" — computed on the server from the injectable clock. */
export function timeLeft(expiresAt: Date, at: Date): string {
  const ms = expiresAt.getTime() - at.getTime();
  if (ms <= 0) return "expired";
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} d ${hours} h left`;
  if (hours > 0) return `${hours} h ${minutes % 60} min left`;
  return `${Math.max(minutes, 1)} min left`;
}

export function formatWhen(date: Date): string {
  return (
    new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date) + " UTC"
  );
}
