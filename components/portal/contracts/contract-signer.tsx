"use client";
// The signer's view of a contract. Before JavaScript runs it is a link to the PDF and a plain form (the signer's fields as
// inputs, a typed name) that posts and comes back with a 303; once it runs, the pages are drawn with pdf.js, the
// signer's own fields are filled in on the page, and the signature can be drawn (or typed instead).
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { portalButtonClass, portalInputClass } from "@/components/portal/portal-classes";
import { PdfPages, type OverlayField, type PageSize } from "./pdf-pages";
import { SignatureDrawPad } from "./signature-pad";

export type SignerField = OverlayField & {
  kind: "signature" | "initials" | "date" | "text";
  mine: boolean;
  label: string | null;
  required: boolean;
  value: string | null;
  signerName: string;
};

export type ContractSignerProps = {
  id: string;
  kind: "contract" | "proposal";
  title: string;
  pages: PageSize[];
  fields: SignerField[];
  canSign: boolean;
  myName: string;
  myInitials: string;
  today: string;
  error: string | null;
  /** Completed: the signed copy is shown as it is (fields burned in, audit pages), nothing laid over it. */
  completed: boolean;
  /** The signed signature to show in the signer's own boxes after signing. */
  signedAs: { kind: "typed" | "drawn"; text: string | null } | null;
};

const fieldKindWords = { signature: "Signature", initials: "Initials", date: "Date", text: "Text" };

export function ContractSigner(p: ContractSignerProps) {
  const [enhanced, setEnhanced] = useState(false);
  const [pdfFailed, setPdfFailed] = useState(false);
  const [mode, setMode] = useState<"draw" | "type">(p.kind === "proposal" ? "type" : "draw");
  const [typedName, setTypedName] = useState(p.myName);
  const [drawing, setDrawing] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(p.error);
  const [pending, setPending] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const onFailed = useCallback(() => setPdfFailed(true), []);
  // A stroke answers "draw your signature first": the refusal goes once there is ink.
  const onDrawn = useCallback((png: string | null) => {
    setDrawing(png);
    if (png) setError(null);
  }, []);

  const docUrl = `/api/portal/contracts/${p.id}/${p.completed ? "signed" : "document"}`;
  const mine = p.fields.filter((f) => f.mine);
  const fillable = mine.filter((f) => f.kind === "text" || f.kind === "initials");
  const verb = p.kind === "proposal" ? "Accept" : "Sign";
  const overlays = enhanced && !pdfFailed;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const signature = mode === "draw" ? (drawing ? { kind: "drawn", image: drawing } : null) : { kind: "typed", text: typedName };
    if (!signature) {
      setError("Draw your signature in the box, or choose “Type instead”.");
      document.getElementById("signature")?.scrollIntoView({ behavior: "smooth", block: "center" });
      return;
    }
    const missing = fillable.find((f) => f.required && f.kind === "text" && !(values[f.id] ?? "").trim());
    if (missing) {
      setError(`Fill in “${missing.label ?? "the text field"}” on page ${missing.page + 1} first.`);
      document.getElementById(`field-${missing.id}`)?.focus();
      return;
    }
    setPending(true);
    try {
      const res = await fetch(`/api/portal/contracts/${p.id}/sign`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ signature, fields: values }),
      });
      const body = (await res.json().catch(() => null)) as { completed?: boolean; error?: { message: string } } | null;
      if (res.ok) {
        window.location.assign(`/contracts/${p.id}?done=${body?.completed ? "completed" : "signed"}`);
        return;
      }
      if (res.status === 401) {
        window.location.assign("/sign-in");
        return;
      }
      setError(body?.error?.message ?? "That didn't go through. Check your connection and try again.");
    } catch {
      setError("That didn't go through. Check your connection and try again.");
    }
    setPending(false);
  }

  function renderField(o: OverlayField) {
    const f = o as SignerField;
    if (!f.mine) {
      return (
        <div className="flex h-full w-full items-center overflow-hidden rounded-sm border border-dashed border-gray-400 bg-gray-50/70 px-1 text-gray-500" style={{ fontSize: "clamp(7px, 1.4cqw, 12px)" }}>
          {f.signerName}: {fieldKindWords[f.kind].toLowerCase()}
        </div>
      );
    }
    const box = "h-full w-full rounded-sm border-2 px-1 text-gray-900";
    const text = { fontSize: "clamp(8px, 1.8cqw, 15px)" };
    if (!p.canSign) {
      const shown = f.kind === "signature" ? (p.signedAs?.kind === "drawn" ? "Signed (drawn)" : p.signedAs?.text ?? f.value) : f.value;
      return (
        <div className={`${box} flex items-center border-green-600/60 bg-green-50/60`} style={text}>
          <span className={f.kind === "signature" ? "font-serif italic" : ""}>{shown ?? ""}</span>
        </div>
      );
    }
    if (f.kind === "signature") {
      return (
        <a href="#signature" className={`${box} flex items-center justify-center border-amber-500 bg-amber-50/80 font-medium`} style={text} aria-label="Your signature goes here; sign below">
          {mode === "draw" && drawing ? (
            // eslint-disable-next-line @next/next/no-img-element -- the signer's own drawing, a data URL
            <img src={drawing} alt="" className="h-full max-w-full object-contain" />
          ) : mode === "type" && typedName.trim() ? (
            <span className="truncate font-serif italic">{typedName}</span>
          ) : (
            <span>{verb} below ↓</span>
          )}
        </a>
      );
    }
    if (f.kind === "date") {
      return (
        <div className={`${box} flex items-center border-amber-500 bg-amber-50/80`} style={text} title="Filled in with the date you sign">
          {p.today}
        </div>
      );
    }
    return (
      <input
        id={`field-${f.id}`}
        name={`f.${f.id}`}
        aria-label={`${f.kind === "initials" ? "Your initials" : (f.label ?? "Text")} (page ${f.page + 1})${f.required && f.kind === "text" ? ", required" : ""}`}
        placeholder={f.kind === "initials" ? p.myInitials : (f.label ?? "")}
        maxLength={f.kind === "initials" ? 10 : 200}
        value={values[f.id] ?? ""}
        onChange={(e) => setValues((v) => ({ ...v, [f.id]: e.target.value }))}
        className={`${box} border-amber-500 bg-amber-50/80 focus:bg-white focus:outline-none`}
        style={text}
      />
    );
  }

  return (
    <form id="sign" method="post" action={`/api/portal/contracts/${p.id}/sign`} onSubmit={enhanced ? submit : undefined} noValidate={enhanced}>
      {overlays ? (
        <PdfPages url={docUrl} title={p.title} pages={p.pages} fields={p.completed ? [] : p.fields} renderField={renderField} onFailed={onFailed} />
      ) : (
        // Not framed: every response of this app refuses to be framed (X-Frame-Options / frame-ancestors), the
        // document too, so before the page's script runs the PDF opens in the browser's own viewer.
        <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:p-6">
          <p className="text-sm text-gray-700">
            {pdfFailed ? "The document could not be shown on this page. " : ""}
            {p.canSign
              ? `Read the document (${p.pages.length} ${p.pages.length === 1 ? "page" : "pages"}) before you ${p.kind === "proposal" ? "accept it" : "sign"}.`
              : `The document has ${p.pages.length} ${p.pages.length === 1 ? "page" : "pages"}.`}
          </p>
          <a href={docUrl} target="_blank" rel="noopener" className={`${portalButtonClass} mt-3 sm:w-auto`}>
            Open the document (PDF)
          </a>
        </div>
      )}

      {p.canSign && (
        <div className="mt-6 space-y-5 rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:p-6">
          {!overlays && fillable.length > 0 && (
            <fieldset className="space-y-3">
              <legend className="text-sm font-semibold text-gray-900">Your fields</legend>
              {fillable.map((f) => (
                <label key={f.id} className="block text-sm text-gray-700">
                  {f.kind === "initials" ? "Your initials" : (f.label ?? "Text")} <span className="text-gray-500">(page {f.page + 1}{f.required && f.kind === "text" ? ", required" : ""})</span>
                  <input name={`f.${f.id}`} className={`${portalInputClass} mt-1`} maxLength={f.kind === "initials" ? 10 : 200} placeholder={f.kind === "initials" ? p.myInitials : ""} required={f.required && f.kind === "text"} />
                </label>
              ))}
              {mine.some((f) => f.kind === "date") && <p className="text-xs text-gray-600">Date fields are filled in with the date you sign.</p>}
            </fieldset>
          )}

          <div id="signature">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 className="text-sm font-semibold text-gray-900">{p.kind === "proposal" ? "Your name" : "Your signature"}</h2>
              {enhanced && (
                <button type="button" className="text-sm font-medium text-gray-700 underline" onClick={() => setMode(mode === "draw" ? "type" : "draw")}>
                  {mode === "draw" ? "Type instead" : "Draw instead"}
                </button>
              )}
            </div>
            <input type="hidden" name="signatureKind" value={enhanced && mode === "draw" ? "drawn" : "typed"} />
            {enhanced && mode === "draw" ? (
              <div className="mt-2">
                <SignatureDrawPad onChange={onDrawn} label={`Signature pad for ${p.myName}`} />
                <input type="hidden" name="signatureImage" value={drawing ?? ""} />
              </div>
            ) : (
              <label className="mt-2 block text-sm text-gray-700">
                Type your full name
                <input
                  name="typedName"
                  className={`${portalInputClass} mt-1 font-serif text-lg italic`}
                  value={typedName}
                  onChange={(e) => setTypedName(e.target.value)}
                  maxLength={100}
                  required
                  autoComplete="name"
                />
              </label>
            )}
          </div>

          <p className="text-xs text-gray-600">
            By selecting {verb}, you agree that this is your {p.kind === "proposal" ? "acceptance" : "electronic signature"} and that it binds you as a handwritten one would.
            We record the time, your IP address and your browser with it.
          </p>
          {error && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              {error}
            </p>
          )}
          <button type="submit" className={portalButtonClass} disabled={pending}>
            {pending ? (p.kind === "proposal" ? "Accepting…" : "Signing…") : p.kind === "proposal" ? "Accept proposal" : "Sign document"}
          </button>
        </div>
      )}
    </form>
  );
}
