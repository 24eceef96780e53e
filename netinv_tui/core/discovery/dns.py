"""Reverse DNS (PTR) with dnspython's asyncio resolver: the system's nameservers, or those given.

The agents write the IP itself as DNSHOSTNAME; a technician wants the name. Asking the resolver
directly (not getnameinfo) keeps it concurrent, bounded in time, and pointed where the user says.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence


class ReverseResolver:
    def __init__(self, nameservers: Sequence[str] | None = None, timeout: float = 1.0) -> None:
        import dns.asyncresolver

        configure = not nameservers
        self._resolver = dns.asyncresolver.Resolver(configure=configure)
        if nameservers:
            self._resolver.nameservers = list(nameservers)
        self._resolver.lifetime = timeout
        self._resolver.timeout = timeout
        self.queries = 0

    @property
    def nameservers(self) -> list[str]:
        return [str(server) for server in self._resolver.nameservers]

    async def name(self, address: str) -> str | None:
        import dns.exception
        import dns.resolver
        import dns.reversename

        self.queries += 1
        try:
            answer = await self._resolver.resolve(dns.reversename.from_address(address), "PTR")
        except (dns.exception.DNSException, OSError):
            return None
        names = [str(record.target).rstrip(".") for record in answer]
        return names[0] if names else None

    async def names(self, addresses: Sequence[str], at_once: int = 64) -> dict[str, str]:
        limit = asyncio.Semaphore(at_once)

        async def one(address: str) -> tuple[str, str | None]:
            async with limit:
                return address, await self.name(address)

        return {a: n for a, n in await asyncio.gather(*(one(a) for a in addresses)) if n}
