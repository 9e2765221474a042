import { redirect, type ActionFunctionArgs } from "@remix-run/node";

export async function loader() {
  return redirect("/inbox");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const clearCookie = await context.auth.signOut(request.headers.get("Cookie"));
  return redirect("/login", { headers: { "Set-Cookie": clearCookie } });
}
