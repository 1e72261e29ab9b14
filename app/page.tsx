import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/server/sessions/sessions";

export default async function Home(): Promise<never> {
  redirect((await getCurrentSession()) ? "/account" : "/signin");
}
