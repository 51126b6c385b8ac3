// `/s/<token>`: the short form of a link, for SMS (the fixed part of the URL sits in the DLT template, the token in
// a 30-character variable). The same page as `/l/`: a GET shows it, only its button's POST signs in.
export const dynamic = "force-dynamic";
export { default } from "../../l/[token]/page";
