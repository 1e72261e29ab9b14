import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth";
import { env } from "@/lib/env";

// next-auth v4 builds redirect and callback URLs from NEXTAUTH_URL; derive it from our
// validated configuration so there is one source of truth for the origin.
process.env.NEXTAUTH_URL = env().origin;

const handler = NextAuth(authOptions());

export { handler as GET, handler as POST };
