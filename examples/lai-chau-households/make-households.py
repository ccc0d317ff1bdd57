#!/usr/bin/env python3
"""Writes ho-sxkd-2023.csv, the invented household list of this example.

The provincial report gives the cluster's totals only: 3,563 households
registered in the "good production & business household" movement, 3,425
of them achieving the title at some level. The per-district numbers are
those of examples/lai-chau/results.csv; the communes, the households, their
incomes and the split over the levels are invented, so that every figure
adds up to the report's. No randomness: the file is the same on every run.

    python3 make-households.py > ho-sxkd-2023.csv
"""
import sys

REF_INCOME = 42_000_000  # the data's ref_income for 2023 (data.yaml)
# multiples of ref_income a household's income per person reaches, by level
LEVELS = [("trung_uong", 3.2), ("tinh", 2.6), ("huyen", 2.1), ("xa", 1.6), ("none", 1.2)]

# district: (short code, households at each level, in LEVELS order)
DISTRICTS = {
    "tan-uyen": ("TU", [2, 40, 210, 598, 55]),     # 905 registered, 850 achieved
    "tp-lai-chau": ("LC", [3, 45, 180, 472, 20]),  # 720, 700
    "than-uyen": ("TH", [1, 35, 240, 699, 35]),    # 1,010, 975
    "tam-duong": ("TD", [2, 30, 200, 668, 28]),    # 928, 900
}
COMMUNES = 4  # communes per district (data.yaml's units), the first with one branch


def units(district: str) -> list:
    """The units a district's households belong to, in turn."""
    first = f"{district}-x1"
    return [first, f"{first}-ch1"] + [f"{district}-x{k}" for k in range(2, COMMUNES + 1)]


def main() -> None:
    out = sys.stdout
    out.write("STT,id,unit,Chủ hộ,thu_nhap\n")
    row = 0
    for district, (code, counts) in DISTRICTS.items():
        places = units(district)
        n = 0
        for (level, multiple), count in zip(LEVELS, counts):
            for _ in range(count):
                n += 1
                row += 1
                # a little spread inside the level: at most 0.6 million above its multiple
                income = int(multiple * REF_INCOME) + (n % 7) * 100_000
                out.write(f"{row},{code}-{n:04d},{places[n % len(places)]},Hộ số {n} ({code}),{income}\n")


if __name__ == "__main__":
    main()
