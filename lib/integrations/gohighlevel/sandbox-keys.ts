// The GoHighLevel sandbox's own webhook signing keys. These are NOT secrets: they exist only so the
// sandbox can sign deliveries the way GHL does (Ed25519 + legacy RSA) and the adapter can verify them
// with an injected public key. They are published in this repository, so nothing signed with them may
// ever be trusted for a live connection.
import { createPrivateKey, type KeyObject } from "node:crypto";

/** 32-byte Ed25519 seed (PKCS#8 = fixed DER prefix + seed). */
const ED25519_SEED_HEX = "9763dd795cb49c5238831ebc1b01fc0a48aa755d99dee2a4d7bbba01eb79bafb";

const RSA_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCoRQai39uTbXZ/
BVK6jOSEdqJzZSkbqojSbNCNR6ekdkXHR1yVij+bIEPPQkLiTCA3St2wGFwkgsP/
Boxrvv65oFIYsDrshKWlPQT96QddZMVhO19S2ctJXtu7+rI0dpTv0wLEHUpDnUl0
yZsR9IhCihI+sBoKbW2s2JG5M5n/H2ZHaK8XSDHR5fjpAxqMX0OmTau75ranyqQU
T/To9Lkhdj4GMInAs/QGH1zcLN9oaVZDvXE5qvFVkxWu7mMGljYff8f1i8tFGWSU
1snHhJMu6r9kKti+eEyKqgkoKW6mVvR6Ktxkc1J3eMCZRKnUclZIVmeUtWTacCgt
LbZl6V8TAgMBAAECggEAQGeLDrQX2um+vQdQjs52eKzfqMNDZK91BvVXLXwLkksi
kg+iRCpSBhHnYmC+MNdqTT9+cnQgcGkMk4PyIxtLa8kNIx3wr65lqEUesACNLRXw
5jJPXeq2gDKqb9yYcLQidViSanW7gv2kq+quS8UIkk8+hHfqv6r6m3mY7QXvH1JJ
/olAAGOZkdYwcFYcNe8gW/P08HXkJ1uM5LLBA/fKgSKewOgmaiRZKIVoAqZxq4NQ
uhcmFvJ63/xwPMnmq/o+QxiPq74Rt6c9C3sEY6pHm6UoQh+4iQaaRwVbBKkqmC80
qjBS9ExSiIefpXu5lYg20QDVezIEaARQI46QZlfxIQKBgQDgFnSu/YN+R1/jw1/a
gymilKzPu7Wyzxj4mY4PeAeJNIFTaO4sti0RVG87ujxP579Z8a8Z0xeBvAi4J53p
EPGz5QV7gREtOTx5Hb0rXkPIkwziD4wjrROYhzecxkNRSbCTDdVTR3AVXqAOAFB4
BCtbtwF4il6kVcJj44J/eEtJJwKBgQDAO52X53AYr3iMCcU//qSk1X47hZzH8lVy
0JyGn2pdmM8yghUZDDaYGhYuW80p9Mt/rI+/ej8otMa9cyBFKAyqbN14S63gPk9r
s+zrS0MLSxx83581+pULZgmxJfgVl3+CMI8047Rr8/YhDYJuTNmm0+BmZ/Nkr9yr
rETpuRM2NQKBgAItlbLBug53KSJwmrToA3aWFVvriieTxb1c2LmjxAb8YKlr4qzC
lIuPk4k0FTP9n6mDJN2OZLMZHciUcf9676588mGx7nXPEZxnwpfyUZxYeY6U8hrC
qucXoV2/u5XFrpavUrx9fERo6Atay21vNPCuRbBjP+o+/yWzZ2hPxgOPAoGAERX7
ZuICO591BnVj29FFTwVOx/mTOs5WO/NAxlJrANCxMdsQBv7n51MCP7KXJLCGWd27
lRhHftW6iGIwLxVlMsykTqnjVXgUVQ1T9IHm/pz5djvmCcUw9Cdomx810q15ftfU
Eq5efe3cJYnu2uDnw4U3f8KjhoJ/CZ8xLNjvVTUCgYBjiap/kG2F9MKqz5tGCdCt
9pz3AEOKUVoeYmpn+8euhL2gSZJvxQBfNUClTTk59+m++lkMnJU9KwVHqmSRdHa3
cmTyqQEEjPro9JltOy2B603SFFdAorE3VfzIcTP+sPUvF9QLC8frnYQvwPUJ8Ijh
NNbsdFp7YZsQ88DquoZyHg==
-----END PRIVATE KEY-----
`;

export const GHL_SANDBOX_ED25519_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA7oiyaNye7xKTn8SqrAqEK9iHO1IOh41P9y5osfC97Lo=
-----END PUBLIC KEY-----
`;

export const GHL_SANDBOX_RSA_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqEUGot/bk212fwVSuozk
hHaic2UpG6qI0mzQjUenpHZFx0dclYo/myBDz0JC4kwgN0rdsBhcJILD/waMa77+
uaBSGLA67ISlpT0E/ekHXWTFYTtfUtnLSV7bu/qyNHaU79MCxB1KQ51JdMmbEfSI
QooSPrAaCm1trNiRuTOZ/x9mR2ivF0gx0eX46QMajF9Dpk2ru+a2p8qkFE/06PS5
IXY+BjCJwLP0Bh9c3CzfaGlWQ71xOarxVZMVru5jBpY2H3/H9YvLRRlklNbJx4ST
Luq/ZCrYvnhMiqoJKCluplb0eircZHNSd3jAmUSp1HJWSFZnlLVk2nAoLS22Zelf
EwIDAQAB
-----END PUBLIC KEY-----
`;

let cached: { ed25519: KeyObject; rsa: KeyObject } | null = null;

export function ghlSandboxSigningKeys(): { ed25519: KeyObject; rsa: KeyObject } {
  cached ??= {
    ed25519: createPrivateKey({
      key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(ED25519_SEED_HEX, "hex")]),
      format: "der",
      type: "pkcs8",
    }),
    rsa: createPrivateKey(RSA_PRIVATE_KEY_PEM),
  };
  return cached;
}

export function ghlSandboxPublicKeys(): { ed25519PublicKey: string; rsaPublicKey: string } {
  return { ed25519PublicKey: GHL_SANDBOX_ED25519_PUBLIC_KEY_PEM, rsaPublicKey: GHL_SANDBOX_RSA_PUBLIC_KEY_PEM };
}
