import { describe, expect, it } from "vitest";
import { AppError, toAppError } from "./errors";

describe("toAppError", () => {
  const cases: { name: string; in: unknown; code: string; message: string }[] = [
    { name: "object with known code", in: { code: "not_found", message: "incident not found" }, code: "not_found", message: "incident not found" },
    { name: "object with unknown code", in: { code: "weird", message: "odd" }, code: "internal", message: "odd" },
    { name: "object without code", in: { message: "no code" }, code: "internal", message: "no code" },
    {
      name: "JSON string of the object",
      in: '{"code":"invalid","message":"incident: tag \\"bad tag!\\" is invalid"}',
      code: "invalid",
      message: 'incident: tag "bad tag!" is invalid',
    },
    { name: "JSON string with surrounding space", in: '  {"code":"conflict","message":"changed"} ', code: "conflict", message: "changed" },
    { name: "plain string", in: "method 'app.X.Y' not registered", code: "internal", message: "method 'app.X.Y' not registered" },
    { name: "string that looks like JSON but is not", in: "{not json", code: "internal", message: "{not json" },
    { name: "JSON string of a non-error object", in: '{"foo":1}', code: "internal", message: '{"foo":1}' },
    { name: "empty string", in: "", code: "internal", message: "Unknown error" },
    { name: "Error", in: new TypeError("window.go is undefined"), code: "internal", message: "window.go is undefined" },
    { name: "null", in: null, code: "internal", message: "Unknown error" },
    { name: "undefined", in: undefined, code: "internal", message: "Unknown error" },
    { name: "number", in: 42, code: "internal", message: "Unknown error" },
    { name: "object with non-string message", in: { code: "auth", message: 5 }, code: "internal", message: "Unknown error" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = toAppError(c.in);
      expect(e).toBeInstanceOf(AppError);
      expect(e).toBeInstanceOf(Error);
      expect({ code: e.code, message: e.message }).toEqual({ code: c.code, message: c.message });
    });
  }

  it("returns an AppError unchanged", () => {
    const e = new AppError("storage", "disk full");
    expect(toAppError(e)).toBe(e);
  });
});
