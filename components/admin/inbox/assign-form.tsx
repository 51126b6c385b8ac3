"use client";
import { useActionState } from "react";
import { buttonClass } from "@/components/ui/button";
import { SLUG_FIELD, type FormAction, type FormState } from "@/lib/actions/form-state";

/** Assign to an owner or admin (or nobody). A plain POST before hydration; says "Saved" after. */
export function AssignForm(p: {
  slug: string;
  conversationId: string;
  assignedUserId: string | null;
  members: { id: string; name: string }[];
  action: FormAction<{ assignedUserId: string | null }>;
}) {
  const [state, formAction, pending] = useActionState<FormState<{ assignedUserId: string | null }>, FormData>(p.action, {});
  const current = state.result?.ok ? state.result.data.assignedUserId : p.assignedUserId;
  return (
    <form action={formAction} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name={SLUG_FIELD} value={p.slug} />
      <input type="hidden" name="conversationId" value={p.conversationId} />
      <div>
        <label htmlFor="assign-user" className="block text-xs font-medium text-gray-600">
          Assigned to
        </label>
        <select
          id="assign-user"
          name="userId"
          defaultValue={current ?? ""}
          key={current ?? ""}
          className="mt-1 block rounded-md border-0 bg-white py-1.5 pr-8 pl-3 text-sm text-gray-900 ring-1 ring-gray-300 ring-inset focus:ring-2 focus:ring-brand-600"
        >
          <option value="">Nobody (owners and admins are told)</option>
          {p.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClass("secondary")} disabled={pending}>
        {pending ? "Saving…" : "Assign"}
      </button>
      <span role="status" className="text-sm">
        {state.result?.ok ? <span className="text-green-700">Saved</span> : state.result ? <span className="text-red-700">{state.result.message}</span> : null}
      </span>
    </form>
  );
}
