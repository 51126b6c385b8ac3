import { CopyButton } from "@/components/ui/copy-button";

/** The portal URL with its copy button and QR code (PNG/SVG download): on the dashboard and the portal page. */
export function PortalAddress({ url, platform, customDomain, slug }: { url: string; platform: string; customDomain: string | null; slug: string }) {
  const qr = `/api/w/${slug}/portal/qr`;
  return (
    <div className="flex flex-col gap-6 sm:flex-row sm:items-start sm:justify-between">
      <dl className="min-w-0 space-y-3">
        <div>
          <dt className="text-xs font-medium text-gray-500 uppercase">Portal URL</dt>
          <dd className="mt-1 flex flex-wrap items-center gap-3">
            <a href={url} target="_blank" rel="noreferrer" className="font-mono text-sm break-all text-brand-700 hover:underline" data-testid="portal-url">
              {url}
            </a>
            <CopyButton value={url} label="Copy URL" />
          </dd>
        </div>
        {customDomain && (
          <div>
            <dt className="text-xs font-medium text-gray-500 uppercase">Also reachable at</dt>
            <dd className="mt-1 font-mono text-sm break-all text-gray-700">{platform}</dd>
          </div>
        )}
      </dl>
      <figure className="shrink-0 text-center">
        {/* eslint-disable-next-line @next/next/no-img-element -- a generated SVG, nothing to optimise */}
        <img src={qr} alt={`QR code for ${url}`} width={128} height={128} className="mx-auto rounded ring-1 ring-gray-200" />
        <figcaption className="mt-2 flex justify-center gap-3 text-xs">
          <a className="font-medium text-brand-700 hover:underline" href={`${qr}?format=png&download`}>
            Download PNG
          </a>
          <a className="font-medium text-brand-700 hover:underline" href={`${qr}?download`}>
            Download SVG
          </a>
        </figcaption>
      </figure>
    </div>
  );
}
