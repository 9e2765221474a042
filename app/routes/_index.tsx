import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await context.auth.requireUser(request);
  return redirect("/inbox");
}
