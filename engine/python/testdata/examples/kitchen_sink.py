#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Valid Python the parser does not model: it must parse with no error."""
from __future__ import annotations
import asyncio, sys
from . import sibling
from .. import parent as p
from .mod import (a, b as c,)

x = 1; y = 2;
a = b = c = 0
a, *rest = [1, 2, 3]
(a, b), c = (1, 2), 3
x += 1; x -= 1; x *= 2; x /= 2; x //= 2; x %= 3; x **= 2; x @= m
x &= 1; x |= 1; x ^= 1; x <<= 1; x >>= 1
del a, b
assert x, "message"
global_value = {**{}, 'k': [i for i in range(3)], "s": {1, 2}, 't': (1,)}
values = [*range(3), *[4]]
number = -0x_1F + 0o17 - 0b1_01 * 1_000.5e-3 / 2j % 3 // 4 ** -1
mask = ~x & 0xFF | 1 ^ 2 << 3 >> 1
check = 1 < x <= 2 != 3 == 3 > 0 >= 0 and x is not None or x not in [] and not x in ()
walrus = [y := 5, y ** 2]
cond = "a" if x else "b" if y else "c"
fn = lambda a, /, b=1, *args, c, d=2, **kw: (a, b, args, c, d, kw)
noargs = lambda: None
gen = (i for i in range(10) if i % 2 if i > 2 for j in range(i))
dc = {k: v for k, v in zip("ab", "cd")}
sc = {i async for i in aiter()} if False else set()
sl = values[1:2], values[::2], values[:-1], values[1:], values[:], values[...]
ellipsis = ...
strs = (r'\d', b'\x00' b"", u'é' 'x' f'{x!r:>{10}}' rf"\{x}", Rb'\n', F"{'nested'}" f"{x=}")
multi = f"""{
    x
}""" + f'{x:{"<"}10}' + f"{'{'}{{}}"
triple = '''a
b''' """c"""
continued = 1 + \
    2
paren_continued = (1 +
                   2)
if x:
    pass
elif y:
    pass
else:
    pass
for i, (j, k) in enumerate([(1, 2)]):
    if i: continue
    else: break
else:
    pass
while False:
    pass
else:
    pass
try:
    raise ValueError("x") from None
except (ValueError, TypeError) as e:
    pass
except Exception:
    raise
else:
    pass
finally:
    pass
try:
    pass
except* OSError:
    pass
with open("f") as f, open("g") as g:
    pass
with (open("f") as f,
      open("g") as g):
    pass
with (yield_ := open("f")):
    pass


@decorator
@decorator.attr(1, key="v")
@(lambda f: f)
class Generic[T](Base, metaclass=Meta, **options):
    """Doc."""
    attr: ClassVar[dict[str, list[int]]] = {}
    other: "Forward"

    def method[U](self, a: int = 1, /, b: str = "", *args: *Ts, c, d=2, **kw: Any) -> T | None:
        nonlocal_value = 1

        def inner():
            nonlocal nonlocal_value
            global global_value
            nonlocal_value += 1
            return nonlocal_value
        return inner()

    @staticmethod
    async def coro(x):
        await asyncio.sleep(0)
        async with lock as l:
            pass
        async for item in aiter():
            yield item
        return


def gen():
    yield
    yield 1, 2
    x = yield from other()
    y = (yield)
    return x


match command.split():
    case [action]:
        pass
    case [action, obj] if obj:
        pass
    case Point(x=0, y=0) | {"k": _, **rest}:
        pass
    case _:
        pass

match = {"match": 1}
match["match"]
case = 1
type Alias = list[int]
type Pair[T] = tuple[T, T]
type = "soft"
print(x, sep="", end="\n", file=sys.stderr, *values, **{"flush": True})
print(*values, sep="")
if (n := len(values)) > 2: print(n)
class Empty: pass
def one_line(): return 1
x = [
    1,
    2,  # comment inside brackets
    # a comment line inside brackets
]
t = x[1:2, ::3]
z = not not x
neg = - - 1
result = a.b.c(d)[e].f
 # an indented comment is not an indent
if x:
    # comment at block start
    y = 1
        # deeper comment

    z = 2
	# tab comment
x = 1 if x else 2
