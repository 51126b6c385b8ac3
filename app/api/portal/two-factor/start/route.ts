// Starting a step-up or re-authentication is the first send: the same form, the same answers.
export { POST } from "../send/route";
