# numpy's scalar functions and constants, as data migrations use them on
# single values (np.isnan(x), np.isclose(a, b), np.finfo(float).max): Retort's
# own, on Python floats. Arrays are not numpy's here.
import math

nan = float("nan")
NaN = nan
NAN = nan
inf = float("inf")
Inf = inf
Infinity = inf
PINF = inf
NINF = -inf
pi = math.pi
e = math.e
float64 = float
double = float


class float32(float):
    pass


int64 = int
int32 = int
bool_ = bool
str_ = str


def isnan(x):
    return math.isnan(x)


def isinf(x):
    return math.isinf(x)


def isposinf(x):
    return math.isinf(x) and x > 0


def isneginf(x):
    return math.isinf(x) and x < 0


def isfinite(x):
    return math.isfinite(x)


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    if math.isnan(a) or math.isnan(b):
        return equal_nan and math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * abs(b)


class finfo:
    def __init__(self, dtype=float):
        if dtype in (float, "float64", "f8", "d"):
            self.max = 1.7976931348623157e308
            self.min = -1.7976931348623157e308
            self.eps = 2.220446049250313e-16
            self.tiny = 2.2250738585072014e-308
            self.bits = 64
        else:
            self.max = 3.4028234663852886e38
            self.min = -3.4028234663852886e38
            self.eps = 1.1920928955078125e-07
            self.tiny = 1.1754943508222875e-38
            self.bits = 32


def floor(x):
    return float(math.floor(x))


def ceil(x):
    return float(math.ceil(x))


def sqrt(x):
    return math.sqrt(x)


def log(x):
    return math.log(x)


def exp(x):
    return math.exp(x)
