"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { assignConversation, assignConversationSchema } from "@/lib/conversations/assign-conversation";

// Assigning is a real POST that works before hydration; a success comes back to the conversation.
export const assignConversationAction = adminAction(assignConversationSchema, "admin", assignConversation);

export const assignConversationFormAction = formStateAction(assignConversationAction, {
  input: ({ conversationId = "", userId = "" }) => ({ conversationId, userId }),
  refresh: true,
});
