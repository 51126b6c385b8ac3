"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction } from "@/lib/actions/form-state-action";
import { deleteSharedFile, deleteSharedFileSchema } from "@/lib/hub-documents/delete-shared-file";
import { createFolder, createFolderSchema } from "@/lib/hub-documents/create-folder";
import { deleteFolder, deleteFolderSchema } from "@/lib/hub-documents/delete-folder";
import { updateFolder, updateFolderSchema } from "@/lib/hub-documents/update-folder";
import { shareDocuments, shareDocumentsSchema } from "@/lib/hub-documents/share-documents";
import { unshareDocuments, unshareDocumentsSchema } from "@/lib/hub-documents/unshare-documents";

export const createFolderAction = adminAction(createFolderSchema, "admin", createFolder);
export const updateFolderAction = adminAction(updateFolderSchema, "admin", updateFolder);
export const deleteFolderAction = adminAction(deleteFolderSchema, "admin", deleteFolder);
export const shareDocumentsAction = adminAction(shareDocumentsSchema, "admin", shareDocuments);
export const unshareDocumentsAction = adminAction(unshareDocumentsSchema, "admin", unshareDocuments);
export const deleteSharedFileAction = adminAction(deleteSharedFileSchema, "admin", deleteSharedFile);

const docs = (slug: string) => `/w/${encodeURIComponent(slug)}/documents`;
export const createFolderFormAction = formStateAction(createFolderAction, { then: (slug, r) => `${docs(slug)}/folders/${r.id}` });
export const updateFolderFormAction = formStateAction(updateFolderAction, {
  refresh: true,
  // An unchecked checkbox posts nothing: the form says which fields it carries.
  input: (v) => ({ folderId: v.folderId, ...(v.name !== undefined ? { name: v.name } : {}), ...(v.uploadsField ? { clientUploads: v.clientUploads ?? "" } : {}) }),
});
export const deleteFolderFormAction = formStateAction(deleteFolderAction, { then: (slug) => `${docs(slug)}?notice=folder-deleted` });
export const shareDocumentsFormAction = formStateAction(shareDocumentsAction, { refresh: true });
export const unshareDocumentsFormAction = formStateAction(unshareDocumentsAction, { refresh: true });
export const deleteSharedFileFormAction = formStateAction(deleteSharedFileAction, {
  then: (slug, r) => (r.folderId ? `${docs(slug)}/folders/${r.folderId}?notice=file-deleted` : `${docs(slug)}?notice=file-deleted`),
});
