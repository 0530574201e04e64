// Every rejection from the backend becomes an AppError {code, message}. Wails rejects with
// whatever the Go ErrorFormatter returned ({code, message}), sometimes serialised as a JSON
// string; the runtime itself rejects with plain strings ("method ... not registered").

export const errorCodes = [
  "not_found",
  "invalid",
  "conflict",
  "auth",
  "upstream",
  "key",
  "storage",
  "exists",
  "gone",
  "internal",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "AppError";
    this.code = code;
  }
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === "string" && (errorCodes as readonly string[]).includes(v);
}

function fromObject(v: object): AppError | null {
  const rec = v as Record<string, unknown>;
  const message = typeof rec.message === "string" ? rec.message : null;
  if (message === null) return null;
  return new AppError(isErrorCode(rec.code) ? rec.code : "internal", message || "Unknown error");
}

/** toAppError normalises any rejection value into an AppError. It never throws. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (typeof err === "string") {
    const text = err.trim();
    if (text.startsWith("{")) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === "object") {
          const e = fromObject(parsed);
          if (e) return e;
        }
      } catch {
        // Not JSON after all: fall through and keep the text.
      }
    }
    return new AppError("internal", text || "Unknown error");
  }
  if (err instanceof Error) {
    return new AppError("internal", err.message || "Unknown error");
  }
  if (err !== null && typeof err === "object") {
    const e = fromObject(err);
    if (e) return e;
  }
  return new AppError("internal", "Unknown error");
}
