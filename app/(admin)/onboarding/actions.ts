"use server";
import { userAction } from "@/lib/actions/user-action";
import { createWorkspace, createWorkspaceSchema } from "@/lib/workspaces/create-workspace";

export const createWorkspaceAction = userAction(createWorkspaceSchema, ({ db, user }, input) => createWorkspace(db, user, input));
