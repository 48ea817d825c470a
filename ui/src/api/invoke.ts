// The one door to the Rust side: every command's error arrives as `{code, message}`.
import { invoke, type InvokeArgs, type InvokeOptions } from "@tauri-apps/api/core";
import type { ErrorBody } from "../bindings/ErrorBody";

export class AppError extends Error {
  readonly code: string;

  constructor(body: ErrorBody) {
    super(body.message);
    this.code = body.code;
    this.name = "AppError";
  }
}

function isErrorBody(e: unknown): e is ErrorBody {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (isErrorBody(e)) return new AppError(e);
  if (e instanceof Error) return new AppError({ code: "internal", message: e.message });
  return new AppError({ code: "internal", message: String(e) });
}

export async function call<T>(command: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (e) {
    throw toAppError(e);
  }
}

export function errorMessage(e: unknown): string {
  return toAppError(e).message;
}
