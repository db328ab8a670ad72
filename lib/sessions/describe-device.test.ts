import { expect, test } from "vitest";
import { describeDevice } from "./describe-device";

test("a user agent reads as browser on system", () => {
  expect(
    describeDevice(
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
    ),
  ).toBe("Chrome on Linux");
  expect(
    describeDevice(
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
    ),
  ).toBe("Safari on iOS");
  expect(
    describeDevice(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0",
    ),
  ).toBe("Edge on Windows");
  expect(describeDevice("node")).toBe("Unknown device");
  expect(describeDevice("")).toBe("Unknown device");
});
