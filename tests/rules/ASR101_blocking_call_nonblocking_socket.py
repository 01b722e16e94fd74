# select: ASR101
import socket


class RawStream:
    def __init__(self, sock: socket.socket):
        sock.setblocking(False)  # the event loop waits for readiness; calls never block
        self.sock = sock

    async def receive(self, sock: socket.socket):
        return sock.recv(65536)  # ok: a non-blocking socket
