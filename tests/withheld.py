"""A PTB request that reads every answer of the emulator as long as it takes, except one the
emulator withholds on purpose (a ``timeout`` or withheld ``lost_answer`` fault on that very
call), which it gives up after a short read timeout, as a client whose read timeout fires.

A short read timeout for every call (what makes a withheld answer cost little) would also hit
an ordinary answer that a busy machine delays past it: the test then fails on scheduling
jitter. Here the timeout is decided by what the emulator did to the call (its call log), never
by how fast the machine is."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
from telegram.error import TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from bot.sandbox import ApiCall, Sandbox

PATIENCE = 60.0  # an ordinary answer: however long a loaded machine takes


def withheld(call: ApiCall) -> bool:
    """The emulator holds this call's answer until the client gives up."""
    fault = call.fault or ""
    return fault.startswith("timeout") or fault.startswith("lost answer (withheld")


class PatientRequest(HTTPXRequest):
    def __init__(self, sandbox: Sandbox, *, give_up: float, **options: object) -> None:
        super().__init__(read_timeout=PATIENCE, **options)  # type: ignore[arg-type]
        self.sandbox = sandbox
        self.give_up = give_up
        self._claimed: set[int] = set()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        chat = request_data.parameters.get("chat_id") if request_data is not None else None
        seen = len(self.sandbox.calls())

        def mine(call: ApiCall) -> bool:
            return call.number not in self._claimed and str(call.params.get("chat_id")) == str(chat)

        request = asyncio.ensure_future(
            super().do_request(
                url,
                method,
                request_data,
                PATIENCE if read_timeout is BaseRequest.DEFAULT_NONE else read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        )
        arrived = asyncio.ensure_future(
            self.sandbox.wait_for_call(
                name, predicate=mine, after_call=seen, finished=False, timeout=PATIENCE
            )
        )
        try:
            done, _ = await asyncio.wait({request, arrived}, return_when=asyncio.FIRST_COMPLETED)
            if request in done or arrived.exception() is not None:
                return await request  # answered, or not this emulator: nothing to decide
            call = arrived.result()
            self._claimed.add(call.number)
            if not withheld(call):
                return await request
            done, _ = await asyncio.wait({request}, timeout=self.give_up)
            if request in done:
                return request.result()
            raise TimedOut from httpx.ReadTimeout(f"{name}: answer withheld by the emulator")
        finally:
            for task in (request, arrived):
                if not task.done():
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
