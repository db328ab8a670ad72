// The store base class ships with the package but is not re-exported from its index; its type is.
declare module "rate-limiter-flexible/lib/RateLimiterStoreAbstract.js" {
  import type { RateLimiterStoreAbstract } from "rate-limiter-flexible";
  const StoreAbstract: typeof RateLimiterStoreAbstract;
  export default StoreAbstract;
}
