import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/admin";

export const dynamic = "force-dynamic";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;
const handle: Handler = async (req, ctx) => (NextAuth(getAuthOptions()) as unknown as Handler)(req, ctx);

export { handle as GET, handle as POST };
