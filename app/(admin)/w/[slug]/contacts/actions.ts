"use server";
import { adminAction } from "@/lib/actions/admin-action";
import { CONTACTS_ROLE } from "@/lib/contacts/access";
import { addContactImportRows, addContactImportRowsSchema } from "@/lib/contacts/add-contact-import-rows";
import { applyContactImport, applyContactImportSchema } from "@/lib/contacts/apply-contact-import";
import { createContact, createContactSchema } from "@/lib/contacts/create-contact";
import { deleteContact, deleteContactSchema } from "@/lib/contacts/delete-contact";
import { startContactImport, startContactImportSchema } from "@/lib/contacts/start-contact-import";
import { updateContact, updateContactSchema } from "@/lib/contacts/update-contact";

export const createContactAction = adminAction(createContactSchema, CONTACTS_ROLE, createContact);
export const updateContactAction = adminAction(updateContactSchema, CONTACTS_ROLE, updateContact);
export const deleteContactAction = adminAction(deleteContactSchema, CONTACTS_ROLE, deleteContact);
export const startContactImportAction = adminAction(startContactImportSchema, CONTACTS_ROLE, startContactImport);
export const addContactImportRowsAction = adminAction(addContactImportRowsSchema, CONTACTS_ROLE, addContactImportRows);
export const applyContactImportAction = adminAction(applyContactImportSchema, CONTACTS_ROLE, applyContactImport);
