import type { ErrorRequestHandler, Response } from "express";
import type { z } from "zod";

/** The API's error codes, one per HTTP status it answers with. */
export const API_ERROR_CODES = {
  400: "invalid_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  429: "rate_limited",
  500: "internal_error",
} as const;
export type ApiErrorStatus = keyof typeof API_ERROR_CODES;

export function sendApiError(res: Response, status: ApiErrorStatus, message: string, details?: unknown): void {
  res.status(status).json({ error: { code: API_ERROR_CODES[status], message, ...(details === undefined ? {} : { details }) } });
}

export function sendValidationError(res: Response, what: string, error: z.ZodError): void {
  sendApiError(res, 400, `Invalid ${what}.`, error.issues);
}

/** Last stop for the API: body parser failures keep their status, anything else is a 500 without internals. */
export const apiErrorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = (error as { status?: number }).status;
  if (status === 413) return sendApiError(res, 413, "The request body is too large.");
  if (status === 400) return sendApiError(res, 400, "The request body is not valid JSON.");
  console.error("API request failed:", error);
  sendApiError(res, 500, "Something went wrong on our side; nothing was changed.");
};
