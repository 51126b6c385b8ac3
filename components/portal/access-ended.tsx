import { errorMessages } from "@/lib/errors";
import { PortalCard, type PortalBrand } from "./portal-shell";

/** For a client whose access was revoked and who comes back: that it ended, and whom to ask (never a sign-in form). */
export function AccessEnded({ ws }: { ws: PortalBrand }) {
  const support = ws.branding.supportEmail;
  return (
    <PortalCard title="Your access has ended">
      <p role="alert">{errorMessages.ACCESS_ENDED}</p>
      <p>
        {support ? (
          <>
            If you think this is a mistake, write to {ws.name} at{" "}
            <a className="font-medium text-gray-900 underline" href={`mailto:${support}`}>
              {support}
            </a>
            .
          </>
        ) : (
          <>If you think this is a mistake, contact {ws.name} the way you usually do.</>
        )}
      </p>
      <p className="text-gray-600">
        Were you invited with another email address?{" "}
        <a href="/sign-in?other=1" className="font-medium text-gray-900 underline">
          Sign in with it
        </a>
        .
      </p>
    </PortalCard>
  );
}
