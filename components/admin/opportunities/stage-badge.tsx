import type { OpportunityStage } from "@/lib/db/schema";
import { stageLabels } from "@/lib/opportunities/labels";

const tones: Record<OpportunityStage, string> = {
  new: "bg-blue-50 text-blue-800 ring-blue-200",
  in_progress: "bg-amber-50 text-amber-800 ring-amber-200",
  won: "bg-green-50 text-green-800 ring-green-200",
  lost: "bg-gray-100 text-gray-700 ring-gray-200",
};

export function StageBadge({ stage }: { stage: OpportunityStage }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[stage]}`}>{stageLabels[stage]}</span>;
}
