"""Voucher codes: typable, unguessable, and typos caught by the check character."""
from app.vouchers.codes import ALPHABET, display, is_well_formed, new_code, normalise


def test_codes_use_no_ambiguous_characters_and_verify():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert not set(code) & set("01IO")
        assert is_well_formed(code)


def test_every_single_character_typo_is_caught():
    code = new_code()
    for position in range(len(code)):
        for ch in ALPHABET:
            if ch != code[position]:
                typo = code[:position] + ch + code[position + 1:]
                assert not is_well_formed(typo), (code, typo)


def test_neighbour_swaps_are_caught():
    caught = total = 0
    for _ in range(200):
        code = new_code()
        for i in range(len(code) - 1):
            if code[i] != code[i + 1]:
                total += 1
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
                caught += not is_well_formed(swapped)
    assert caught / total > 0.95


def test_typed_forms_normalise():
    code = new_code()
    typed = " " + display(code).lower() + " "
    assert normalise(typed) == code
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert normalise(full_width) == code
