// Shapes shared by the Client Centre access screens and their server actions (no server imports here).

/** Where the two-step send is: state travels in the POST (hidden fields), never in the URL. */
export type InviteState = {
  step: 1 | 2 | 3;
  contactIds: string[];
  templateId?: string;
  subject?: string;
  bodyBefore?: string;
  bodyAfter?: string;
  saveAsName?: string;
  error?: { code: string; message: string; fieldErrors?: Record<string, string[] | undefined> };
  sent?: { contactId: string; name: string; email: string; messageId: string; phoneWarning: string | null }[];
  savedTemplate?: { id: string } | { error: string };
};
