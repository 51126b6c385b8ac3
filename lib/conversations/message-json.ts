import type { ThreadMessage } from "@/lib/db/queries/conversations";

// A message as the thread's JavaScript receives it (live feed, polling, a post's answer) and as pages render it.
export type MessageJson = {
  id: string;
  seq: number;
  authorName: string;
  mine: boolean;
  fromClient: boolean;
  body: string;
  createdAt: string;
  attachments: { id: string; name: string; size: number; contentType: string; url: string }[];
};

/** `mine` is the viewer's side: a client's own messages, or the team's for a team member. */
export function toMessageJson(m: ThreadMessage, o: { mine: (m: ThreadMessage) => boolean; attachmentUrl: (id: string) => string }): MessageJson {
  return {
    id: m.id,
    seq: m.seq,
    authorName: m.authorName,
    mine: o.mine(m),
    fromClient: m.fromClient,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    attachments: m.attachments.map((a) => ({ ...a, url: o.attachmentUrl(a.id) })),
  };
}

export const portalAttachmentUrl = (id: string) => `/api/portal/messages/attachments/${id}`;
export const adminAttachmentUrl = (slug: string) => (id: string) => `/api/w/${slug}/inbox/attachments/${id}`;
