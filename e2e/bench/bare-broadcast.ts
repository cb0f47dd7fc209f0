// The baseline of `npm run bench:live`: a bare Socket.io server (no database, no Remix) that lets
// clients join rooms and broadcasts to each room, every BARE_INTERVAL_MS, an event of
// BARE_BYTES bytes stamped with its send time — the least any Socket.io deployment pays to put
// an event of that size on the same clients' screens. Run as its own process, like the app.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.BARE_PORT ?? 3401);
const rooms = Number(process.env.BARE_ROOMS ?? 10);
const bytes = Number(process.env.BARE_BYTES ?? 3000);
const intervalMs = Number(process.env.BARE_INTERVAL_MS ?? 500);

const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 10_000, pingInterval: 10_000, pingTimeout: 8_000 });
io.on("connection", (socket) => {
  socket.on("room.join", async (payload: { room?: unknown }, ack?: (r: unknown) => void) => {
    if (typeof payload?.room === "string" && payload.room.length < 200) await socket.join(payload.room);
    if (typeof ack === "function") ack({ ok: true });
  });
});

let seq = 0;
let timer: ReturnType<typeof setInterval> | null = null;
process.on("message", (message: unknown) => {
  if (message === "start" && !timer) {
    const filler = "x".repeat(Math.max(0, bytes - 120));
    // Rooms take turns through the interval, as skills' publications do.
    let room = 0;
    timer = setInterval(() => {
      seq++;
      io.to(`room-${room}`).emit("event", { type: "bare", room, seq, sentAt: Date.now(), filler });
      room = (room + 1) % rooms;
    }, intervalMs / rooms);
  }
  if (message === "stop" && timer) {
    clearInterval(timer);
    timer = null;
  }
});
http.listen(port, "127.0.0.1", () => process.send?.("ready"));
