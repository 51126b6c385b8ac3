import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { SLUG_FIELD } from "@/lib/actions/form-state";
import { opportunityStages } from "@/lib/db/schema/opportunities";
import { stageLabels } from "@/lib/opportunities/labels";

/**
 * Search and stage filter in one POST form (a server action, so it works without JavaScript): the term can be an
 * email address, so it is never put into the URL as typed (the action seals it).
 */
export function OpportunitiesSearch({ slug, q, stage, action }: { slug: string; q: string; stage: string; action: (data: FormData) => Promise<void> }) {
  return (
    <form role="search" action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <input type="hidden" name={SLUG_FIELD} value={slug} />
      <div className="flex-1">
        <Field id="opportunity-search" label="Search by name, or an applicant’s name, email or phone">
          <Input id="opportunity-search" name="q" type="search" defaultValue={q} autoComplete="off" maxLength={100} placeholder="e.g. Home loan, Asha, asha@example.com" />
        </Field>
      </div>
      <div className="sm:w-44">
        <Field id="opportunity-stage" label="Stage">
          <Select id="opportunity-stage" name="stage" defaultValue={stage}>
            <option value="">All stages</option>
            {opportunityStages.map((s) => (
              <option key={s} value={s}>
                {stageLabels[s]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}
