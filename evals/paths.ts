/** Where the evals keep their files: the defaults, which TANDEM_EVALS_REPORTS and TANDEM_EVALS_BASELINES override (tests write to temporary folders). */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const EVAL_DIRS = {
  datasets: join(here, "datasets"),
  baselines: join(here, "baselines"),
  reports: join(here, "reports"),
  /** The public support data beside the repository (../shared/data), when it is there. */
  sharedData: join(here, "../../shared/data"),
} as const;
