import type { ActionResult } from "@/lib/errors";
import type { EmailTemplate, EmailTemplateKind, MergeValues } from "@/lib/messaging/templates";

export type Action<I, R = unknown> = (slug: string, input: I) => Promise<ActionResult<R>>;

export type ProfileView = { id: string; fromName: string; fromAddress: string; replyTo: string | null; isDefault: boolean };

export type TemplateView = EmailTemplate & { kind: EmailTemplateKind; customised: boolean };

/** What the live preview renders with: the workspace's real name, colour and address, a sample client and links. */
export type PreviewSamples = { values: MergeValues; color?: string; logoUrl?: string; from: string | null };
