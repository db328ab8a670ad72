import { describe, expect, test } from "vitest";
import { env, resetEnvCache } from "@/lib/env";
import { addressPrefix, clientAddress, PEER_ADDRESS_HEADER, throttleBucket, UNKNOWN_ADDRESS } from "./client-address";

const headers = (entries: Record<string, string>) => new Headers(entries);

describe("clientAddress", () => {
  test("with no trusted proxy, only the socket's address counts; x-forwarded-for written by the client is ignored", () => {
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "127.0.0.2", "x-forwarded-for": "203.0.113.9" }), 0)).toBe(
      "127.0.0.2",
    );
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.9" }), 0)).toBe(UNKNOWN_ADDRESS);
  });

  test("behind N proxies: the Nth entry from the right, never the client-written ones to its left", () => {
    const chain = { [PEER_ADDRESS_HEADER]: "10.0.0.5", "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.4" };
    expect(clientAddress(headers(chain), 1)).toBe("10.0.0.4");
    expect(clientAddress(headers(chain), 2)).toBe("198.51.100.7");
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "10.0.0.5", "x-forwarded-for": "garbage" }), 1)).toBe(
      "10.0.0.5",
    );
  });

  test("addresses have one spelling: IPv4-mapped IPv6 is IPv4, IPv6 is expanded", () => {
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "::ffff:127.0.0.1" }), 0)).toBe("127.0.0.1");
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "2001:DB8::1" }), 0)).toBe("2001:db8:0:0:0:0:0:1");
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "::1" }), 0)).toBe("0:0:0:0:0:0:0:1");
    expect(clientAddress(headers({ [PEER_ADDRESS_HEADER]: "not an address" }), 0)).toBe(UNKNOWN_ADDRESS);
  });

  test("TRUST_PROXY is a hop count; anything else is refused at start, not guessed", () => {
    const saved = process.env.TRUST_PROXY;
    try {
      for (const [value, hops] of [
        [undefined, 0],
        ["0", 0],
        ["2", 2],
      ] as const) {
        if (value === undefined) delete process.env.TRUST_PROXY;
        else process.env.TRUST_PROXY = value;
        resetEnvCache();
        expect(env().TRUST_PROXY).toBe(hops);
      }
      for (const value of ["true", "-1", "1.5"]) {
        process.env.TRUST_PROXY = value;
        resetEnvCache();
        expect(() => env()).toThrow(/TRUST_PROXY/);
      }
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
      resetEnvCache();
    }
  });
});

test("IPv6 addresses are throttled per /64; IPv4 per address", () => {
  expect(throttleBucket("2001:db8:1:2:aaaa:0:0:1")).toBe("2001:db8:1:2::/64");
  expect(throttleBucket("2001:db8:1:2:bbbb:0:0:9")).toBe("2001:db8:1:2::/64");
  expect(throttleBucket("192.0.2.1")).toBe("192.0.2.1");
});

test("the sessions list keeps only the network", () => {
  expect(addressPrefix("192.0.2.77")).toBe("192.0.2.0/24");
  expect(addressPrefix("2001:db8:1:2:0:0:0:1")).toBe("2001:db8:1::/48");
  expect(addressPrefix(UNKNOWN_ADDRESS)).toBe(UNKNOWN_ADDRESS);
});
