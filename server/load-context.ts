import type { AppLoadContext } from "@remix-run/node";
import type { TandemDatabase } from "../db/connection.server";
import type { EvalPaths } from "../evals/history.server";
import type { Auth } from "./auth/auth.server";
import type { Copilot } from "./copilot.server";
import type { InboxServices } from "./inbox/services.server";
import type { MergeProposals } from "./merge-proposals.server";

declare module "@remix-run/node" {
  /** What every Remix loader and action receives from the server as `context`. */
  interface AppLoadContext {
    db: TandemDatabase;
    auth: Auth;
    services: InboxServices;
    copilot: Copilot;
    merges: MergeProposals;
    /** Where `tandem evals` keeps its history, for the eval page. */
    evals: EvalPaths;
  }
  interface Future {
    v3_singleFetch: true;
  }
}

export type TandemLoadContext = AppLoadContext;
