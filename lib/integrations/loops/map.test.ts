import { describe, expect, it } from "vitest";
import { fromLoops, loopsContactSchema, toLoops } from "./map";

describe("fromLoops", () => {
  it("maps standard fields and lifts custom properties into customFields", () => {
    const contact = loopsContactSchema.parse({
      id: "cm4itta800003ow9hhekzk94o",
      email: "Test+5@loops.so",
      firstName: null,
      lastName: "Lee",
      source: "API",
      subscribed: true,
      userGroup: "beta",
      userId: null,
      mailingLists: { cm4ittp2k000l12j3lgrzvlxt: true },
      optInStatus: "accepted",
      favoriteColor: "blue",
      favoriteNumber: 42,
      nested: { not: "scalar" },
    });
    expect(fromLoops(contact)).toMatchObject({
      externalId: "cm4itta800003ow9hhekzk94o",
      remoteUpdatedAt: null,
      fields: {
        firstName: null,
        lastName: "Lee",
        email: "test+5@loops.so",
        subscribed: true,
        source: "API",
        customFields: { favoriteColor: "blue", favoriteNumber: 42, userGroup: "beta" },
      },
    });
    expect(fromLoops(contact).fields.phone).toBeUndefined();
  });
});

describe("toLoops", () => {
  it("writes present fields, custom properties at top level and userGroup to Loops' field", () => {
    expect(
      toLoops({
        email: "ann@example.com",
        firstName: "Ann",
        lastName: null,
        phone: "+14155552671",
        subscribed: false,
        source: "Switchboard",
        customFields: { plan: "gold", score: 3, vip: true, userGroup: "beta", id: "nope", long: "x".repeat(600) },
      }),
    ).toEqual({
      email: "ann@example.com",
      firstName: "Ann",
      lastName: null,
      subscribed: false,
      source: "Switchboard",
      plan: "gold",
      score: 3,
      vip: true,
      userGroup: "beta",
      long: "x".repeat(500),
    });
  });
  it("leaves out absent fields", () => {
    expect(toLoops({ email: "a@b.co" })).toEqual({ email: "a@b.co" });
  });
});
