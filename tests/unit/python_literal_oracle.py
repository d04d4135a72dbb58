#!/usr/bin/env python3
# Python's own answer for tests/unit/python_literal_test.cpp: reads literals (one per line, the
# UTF-8 bytes in hex) and writes, per literal, one line "<value> <company>":
#   value    "refused" when ast.literal_eval raises, else a typed dump of its value
#   company  what the film's production_company would be by sluice's documented rule
#            (transform/python_literal.hpp, first_name): "reject", "null" or "s<UTF-8 hex>"
# Lone surrogates and, in the company, NUL become U+FFFD: the documented difference between a
# Python str and UTF-8 text.
import ast
import struct
import sys
import warnings


def fix(text):
    return ''.join('\ufffd' if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def dump(v):
    if v is None:
        return 'N'
    if v is Ellipsis:
        return 'E'
    if isinstance(v, bool):
        return 'T' if v else 'F'
    if isinstance(v, int):
        return 'i' + ('-' if v < 0 else '') + format(abs(v), 'x')
    if isinstance(v, float):
        return 'f' + struct.pack('>d', v).hex()
    if isinstance(v, complex):
        return 'c' + struct.pack('>d', v.real).hex() + struct.pack('>d', v.imag).hex()
    if isinstance(v, str):
        return 's' + fix(v).encode('utf-8').hex()
    if isinstance(v, bytes):
        return 'b' + v.hex()
    if isinstance(v, list):
        return 'L[' + ','.join(map(dump, v)) + ']'
    if isinstance(v, tuple):
        return 'U[' + ','.join(map(dump, v)) + ']'
    if isinstance(v, set):  # Python's order is the hash's: compare sorted
        return 'S[' + ','.join(sorted(map(dump, v))) + ']'
    if isinstance(v, dict):
        return 'D[' + ','.join(dump(k) + ':' + dump(x) for k, x in v.items()) + ']'
    raise TypeError(type(v))


def company(text, value, refused):
    if text.strip(' \t\n\r\f\v') == '':
        return 'null'
    if refused or not isinstance(value, (list, tuple)):
        return 'reject'
    name = None
    for element in value:
        if not isinstance(element, dict):
            return 'reject'
        n = element.get('name')
        if n is None:
            continue
        if not isinstance(n, str):
            return 'reject'
        if name is None:
            name = n
    if name is None:
        return 'null'
    return 's' + fix(name).replace('\x00', '\ufffd').encode('utf-8').hex()


def main():
    warnings.simplefilter('ignore')  # invalid escapes warn, and are accepted
    with open(sys.argv[1], encoding='ascii') as source, open(sys.argv[2], 'w', encoding='ascii') as out:
        for line in source:
            raw = bytes.fromhex(line.strip())
            try:
                text = raw.decode('utf-8')
            except UnicodeDecodeError:
                out.write('refused reject\n')
                continue
            value = None
            try:
                value = ast.literal_eval(text)
                refused = False
            except Exception:
                refused = True
            out.write(('refused' if refused else dump(value)) + ' ' + company(text, value, refused) + '\n')


main()
