/**
 * A number answer as people here write it: stored as plain digits ("4500000"), shown grouped the Indian way
 * ("45,00,000"), decimals and sign kept. Anything that is not such a number comes back unchanged.
 */
export function formatNumberAnswer(v: string): string {
  const num = /^(-?)(\d+)(\.\d+)?$/.exec(v);
  return num ? `${num[1]}${new Intl.NumberFormat("en-IN").format(BigInt(num[2]))}${num[3] ?? ""}` : v;
}
