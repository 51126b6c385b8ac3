const escapeMap: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapeMap[c]);
}

/** Only #rgb / #rrggbb reaches a style attribute (a workspace's brand colour is admin input). */
export function safeColor(c: string | undefined): string | undefined {
  return c && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(c) ? c : undefined;
}

/** The shared HTML shell for transactional mail: inline styles only, since mail clients drop <style>. */
export function emailLayout(p: {
  title: string;
  paragraphs: string[];
  button?: { label: string; url: string };
  footer?: string;
  color?: string;
  /** The sender's brand above the card: its logo (https only) or its name. */
  brand?: { name?: string; logoUrl?: string };
}) {
  const color = safeColor(p.color) ?? "#4f46e5";
  const logo = p.brand?.logoUrl && /^https:\/\/[^\s"'<>]+$/i.test(p.brand.logoUrl) ? p.brand.logoUrl : undefined;
  const brand = logo
    ? `<tr><td align="center" style="padding:0 0 16px"><img src="${escapeHtml(logo)}" alt="${escapeHtml(p.brand?.name ?? "")}" height="40" style="height:40px;max-width:200px;border:0"></td></tr>`
    : p.brand?.name
      ? `<tr><td align="center" style="padding:0 0 16px;font-size:16px;font-weight:600;color:#374151">${escapeHtml(p.brand.name)}</td></tr>`
      : "";
  const body = p.paragraphs.map((t) => `<p style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#1f2937">${escapeHtml(t)}</p>`).join("");
  const button = p.button
    ? `<p style="margin:24px 0"><a href="${escapeHtml(p.button.url)}" style="display:inline-block;background:${color};color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(p.button.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#6b7280">Or paste this link into your browser:<br><a href="${escapeHtml(p.button.url)}" style="color:${color};word-break:break-all">${escapeHtml(p.button.url)}</a></p>`
    : "";
  const footer = p.footer ? `<p style="margin:24px 0 0;font-size:12px;color:#9ca3af">${escapeHtml(p.footer)}</p>` : "";
  return `<!doctype html><html><body style="margin:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 16px">
<table role="presentation" width="100%" style="max-width:520px" cellpadding="0" cellspacing="0">${brand}<tr><td>
<table role="presentation" width="100%" style="background:#ffffff;border-radius:8px;padding:32px"><tr><td>
<h1 style="margin:0 0 16px;font-size:20px;color:#111827">${escapeHtml(p.title)}</h1>${body}${button}${footer}
</td></tr></table></td></tr></table></td></tr></table></body></html>`;
}
