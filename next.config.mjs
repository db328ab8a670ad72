/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WebAssembly-backed database drivers stay as Node requires, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
};

export default nextConfig;
