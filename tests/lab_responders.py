"""Responders the namespace lab runs inside its hosts: a NetBIOS node-status answerer (what a
Windows PC or Samba says to `nmblookup -A`), a DNS server with the lab's PTR records, and a
witness that counts every frame sent to an address (what a host that must not be contacted saw).

    python lab_responders.py netbios ADDRESS MAC NAME WORKGROUP USER
    python lab_responders.py dns ADDRESS IP=NAME ...
    python lab_responders.py witness INTERFACE ADDRESS COUNT_FILE
"""

from __future__ import annotations

import socket
import struct
import sys


def node_status_answer(data: bytes, mac: str, name: str, workgroup: str, user: str) -> bytes | None:
    """The node-status answer to a query, or None if `data` is none."""
    if len(data) < 50 or data[-4:] != b"\x00\x21\x00\x01":
        return None
    names = [(name, 0x00, 0x0400), (workgroup, 0x00, 0x8400), (name, 0x20, 0x0400), (user, 0x03, 0x0400)]
    (transaction,) = struct.unpack("!H", data[:2])
    rdata = bytes([len(names)])
    for text, suffix, flags in names:
        rdata += text.upper().ljust(15).encode()[:15] + bytes([suffix]) + struct.pack("!H", flags)
    rdata += bytes.fromhex(mac.replace(":", "")) + b"\x00" * 40
    answer = data[12:46] + struct.pack("!HHIH", 0x21, 1, 0, len(rdata)) + rdata
    return struct.pack("!HHHHHH", transaction, 0x8400, 0, 1, 0, 0) + answer


def netbios(address: str, mac: str, name: str, workgroup: str, user: str) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 137))
    while True:
        data, peer = sock.recvfrom(1024)
        answer = node_status_answer(data, mac, name, workgroup, user)
        if answer is not None:
            sock.sendto(answer, peer)


def dns(address: str, records: list[str]) -> None:
    import dns.message
    import dns.rcode
    import dns.reversename
    import dns.rrset

    ptr = {dns.reversename.from_address(ip): name for ip, name in (r.split("=", 1) for r in records)}
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, 53))
    while True:
        data, peer = sock.recvfrom(4096)
        try:
            query = dns.message.from_wire(data)
        except Exception:
            continue
        response = dns.message.make_response(query)
        question = query.question[0]
        target = ptr.get(question.name)
        if target is None:
            response.set_rcode(dns.rcode.NXDOMAIN)
        else:
            response.answer.append(dns.rrset.from_text(question.name, 60, "IN", "PTR", target + "."))
        sock.sendto(response.to_wire(), peer)


def addressed_to(frame: bytes, address: bytes) -> bool:
    """An IPv4 packet for `address`, or an ARP request asking for it (a sender about to send one)."""
    kind = frame[12:14]
    if kind == b"\x08\x00" and len(frame) >= 34:
        return frame[30:34] == address
    if kind == b"\x08\x06" and len(frame) >= 42:
        return frame[20:22] == b"\x00\x01" and frame[38:42] == address
    return False


def witness(interface: str, address: str, count_file: str) -> None:
    """Every frame on the interface, counted if it is for `address`; the count rewritten at each."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))  # ETH_P_ALL
    sock.bind((interface, 0))
    wanted, count = socket.inet_aton(address), 0
    with open(count_file, "w") as out:
        out.write("0\n")
    while True:
        frame = sock.recv(65536)
        if addressed_to(frame, wanted):
            count += 1
            with open(count_file, "w") as out:
                out.write(f"{count}\n")


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    if kind == "netbios":
        netbios(*args)
    elif kind == "witness":
        witness(*args)
    else:
        dns(args[0], args[1:])
