// Next.js calls register() once when a server process starts. Only the Node.js runtime boots
// Switchboard (migrations, local secrets, embedded services); NEXT_RUNTIME is inlined by Next's compiler.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerAddressHeader } = await import("@/lib/http/peer-address");
  installPeerAddressHeader();
  const { bootServer } = await import("@/lib/boot/boot-server");
  await bootServer();
}
