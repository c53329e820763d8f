"""Draw the demo's illustrations of Kleve (hero and one per demo project) with Pillow.

The demo has no photos that are free to use, so these neutral drawings in the site's colours
stand in for them: the Schwanenburg's tower, the Spoykanal, bicycles, trees. The JPEG files are
committed under demo/content/media/; run this again only to change them:

    .venv/bin/python scripts/demo_illustrations.py
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "demo" / "content" / "media"
WIDTH, HEIGHT = 1600, 1000
SCALE = 2  # drawn twice as large, then scaled down: smooth edges

RED = (166, 25, 46)
RED_DARK = (125, 18, 34)
RED_TINT = (251, 239, 241)
ROSE = (232, 196, 202)
INK = (29, 29, 31)
STONE = (245, 244, 242)
GREY = (201, 201, 207)
WATER = (120, 150, 176)
WATER_LIGHT = (176, 198, 214)
GREEN = (86, 122, 88)
GREEN_LIGHT = (132, 163, 121)
SKY_TOP = (250, 232, 226)
SKY_BOTTOM = (253, 247, 242)
WHITE = (255, 255, 255)


class Canvas:
    """A drawing surface in the coordinates of the final image."""

    def __init__(self, top=SKY_TOP, bottom=SKY_BOTTOM):
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), bottom)
        self.draw = ImageDraw.Draw(self.image)
        for y in range(HEIGHT * SCALE):
            t = y / (HEIGHT * SCALE)
            colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
            self.draw.line([(0, y), (WIDTH * SCALE, y)], fill=colour)

    def _p(self, points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        box = [x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE]
        if radius:
            self.draw.rounded_rectangle(box, radius * SCALE, fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def poly(self, points, fill):
        self.draw.polygon(self._p(points), fill=fill)

    def circle(self, x, y, r, fill=None, outline=None, width=0):
        box = [(x - r) * SCALE, (y - r) * SCALE, (x + r) * SCALE, (y + r) * SCALE]
        self.draw.ellipse(box, fill=fill, outline=outline, width=width * SCALE)

    def line(self, points, fill, width):
        self.draw.line(self._p(points), fill=fill, width=width * SCALE, joint="curve")

    def arc(self, x, y, r, start, end, fill, width):
        box = [(x - r) * SCALE, (y - r) * SCALE, (x + r) * SCALE, (y + r) * SCALE]
        self.draw.arc(box, start, end, fill=fill, width=width * SCALE)

    def save(self, name):
        final = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        final.save(OUT / name, "JPEG", quality=82, optimize=True, progressive=True)
        print(OUT / name)


# Motifs


def hills(c, y, colour, amplitude=40, seed=1):
    rnd = random.Random(seed)
    phase = rnd.random() * 6
    points = [(0, HEIGHT)]
    for x in range(0, WIDTH + 41, 40):
        points.append((x, y + amplitude * math.sin(x / 260 + phase)))
    points.append((WIDTH, HEIGHT))
    c.poly(points, colour)


def tree(c, x, ground, size=1.0, colour=GREEN):
    c.rect(x - 7 * size, ground - 70 * size, x + 7 * size, ground, RED_DARK)
    c.circle(x, ground - 110 * size, 55 * size, fill=colour)
    c.circle(x - 35 * size, ground - 80 * size, 38 * size, fill=colour)
    c.circle(x + 35 * size, ground - 80 * size, 38 * size, fill=colour)


def poplar(c, x, ground, size=1.0, colour=GREEN_LIGHT):
    c.rect(x - 5 * size, ground - 40 * size, x + 5 * size, ground, RED_DARK)
    box = [
        (x - 28 * size) * SCALE,
        (ground - 230 * size) * SCALE,
        (x + 28 * size) * SCALE,
        (ground - 30 * size) * SCALE,
    ]
    c.draw.ellipse(box, fill=colour)


def schwanenburg(c, x, ground, size=1.0, colour=RED):
    """The castle on the hill with its tall square tower (Schwanenturm) and pointed roof."""
    s = size
    # the castle's wings
    c.rect(x - 260 * s, ground - 170 * s, x + 260 * s, ground, colour)
    c.poly(
        [
            (x - 280 * s, ground - 170 * s),
            (x - 180 * s, ground - 250 * s),
            (x - 80 * s, ground - 170 * s),
        ],
        colour,
    )
    c.rect(x + 120 * s, ground - 230 * s, x + 230 * s, ground - 160 * s, colour)
    c.poly(
        [
            (x + 110 * s, ground - 230 * s),
            (x + 175 * s, ground - 290 * s),
            (x + 240 * s, ground - 230 * s),
        ],
        colour,
    )
    # the tower
    c.rect(x - 70 * s, ground - 520 * s, x + 70 * s, ground - 150 * s, colour)
    for i in range(5):  # battlements
        bx = x - 80 * s + i * 36 * s
        c.rect(bx, ground - 550 * s, bx + 20 * s, ground - 515 * s, colour)
    c.rect(x - 80 * s, ground - 528 * s, x + 80 * s, ground - 510 * s, colour)
    c.poly(
        [(x - 45 * s, ground - 545 * s), (x, ground - 690 * s), (x + 45 * s, ground - 545 * s)],
        RED_DARK,
    )
    c.line([(x, ground - 690 * s), (x, ground - 730 * s)], RED_DARK, max(2, round(4 * s)))
    # windows
    for wx in (-35, 15):
        c.rect(x + wx * s, ground - 450 * s, x + (wx + 20) * s, ground - 400 * s, RED_TINT)
    for wx in (-220, -150, 150, 190):
        c.rect(x + wx * s, ground - 120 * s, x + (wx + 22) * s, ground - 70 * s, RED_TINT)
    c.rect(x - 22 * s, ground - 80 * s, x + 22 * s, ground, RED_DARK)


def water(c, top, bottom):
    c.rect(0, top, WIDTH, bottom, WATER)
    rnd = random.Random(7)
    for _ in range(40):
        x = rnd.randrange(0, WIDTH)
        y = rnd.randrange(int(top) + 10, int(bottom) - 5)
        c.line([(x, y), (x + rnd.randrange(40, 120), y)], WATER_LIGHT, 4)


def bicycle(c, x, ground, size=1.0, colour=INK):
    s = size
    r = 42 * s
    w = max(3, round(6 * s))
    back, front = (x - 60 * s, ground - r), (x + 60 * s, ground - r)
    c.circle(*back, r, outline=colour, width=w)
    c.circle(*front, r, outline=colour, width=w)
    seat = (x - 20 * s, ground - r - 60 * s)
    crank = (x, ground - r)
    bar = (x + 40 * s, ground - r - 65 * s)
    c.line([back, crank, seat, back], colour, w)
    c.line([crank, (x + 35 * s, ground - r - 55 * s), seat], colour, w)
    c.line([front, bar], colour, w)
    c.line([(bar[0] - 10 * s, bar[1]), (bar[0] + 18 * s, bar[1] - 6 * s)], colour, w)
    c.line([(seat[0] - 14 * s, seat[1]), (seat[0] + 14 * s, seat[1])], colour, w)


def person(c, x, ground, size=1.0, colour=RED_DARK, head=INK):
    s = size
    c.circle(x, ground - 150 * s, 22 * s, fill=head)
    c.rect(x - 30 * s, ground - 122 * s, x + 30 * s, ground - 40 * s, colour, radius=18 * s)
    c.rect(x - 24 * s, ground - 50 * s, x - 4 * s, ground, colour)
    c.rect(x + 4 * s, ground - 50 * s, x + 24 * s, ground, colour)


def bubble(c, x, y, w, h, colour=WHITE, tail_left=True):
    c.rect(x, y, x + w, y + h, colour, radius=22)
    tx = x + 40 if tail_left else x + w - 40
    c.poly(
        [
            (tx - 15, y + h - 2),
            (tx + 15, y + h - 2),
            (tx - 20 if tail_left else tx + 20, y + h + 35),
        ],
        colour,
    )
    for i, frac in enumerate((0.75, 0.55)):
        c.rect(x + 24, y + 24 + i * 30, x + 24 + (w - 48) * frac, y + 38 + i * 30, ROSE, radius=7)


def town(c, ground, colour=ROSE, seed=3):
    rnd = random.Random(seed)
    x = -20
    while x < WIDTH:
        w = rnd.randrange(70, 130)
        h = rnd.randrange(90, 190)
        c.rect(x, ground - h, x + w, ground, colour)
        c.poly(
            [(x - 6, ground - h), (x + w / 2, ground - h - w * 0.55), (x + w + 6, ground - h)],
            colour,
        )
        x += w + rnd.randrange(0, 12)


# The pictures


def hero():
    c = Canvas()
    c.circle(1260, 190, 90, fill=(253, 214, 200))
    hills(c, 560, RED_TINT, 30, seed=2)
    poplar(c, 230, 640, 1.2)
    poplar(c, 300, 650, 1.0)
    schwanenburg(c, 780, 662, 0.85)
    tree(c, 1180, 660, 1.2)
    tree(c, 1330, 680, 0.9, GREEN_LIGHT)
    c.rect(0, 660, WIDTH, 730, STONE)
    water(c, 730, 1000)
    c.rect(0, 700, WIDTH, 712, GREY)
    bicycle(c, 520, 700, 1.1)
    bicycle(c, 980, 700, 0.9, RED_DARK)
    c.save("kleve-hero-schwanenburg.jpg")


def participation():
    c = Canvas()
    hills(c, 650, RED_TINT, 25, seed=5)
    schwanenburg(c, 1280, 700, 0.55, ROSE)
    c.rect(0, 700, WIDTH, HEIGHT, STONE)
    # a laptop on a table
    c.rect(420, 760, 1180, 790, RED_DARK, radius=8)
    c.rect(560, 470, 1040, 760, INK, radius=16)
    c.rect(585, 495, 1015, 735, WHITE, radius=6)
    for i, frac in enumerate((0.8, 0.6, 0.7, 0.45)):
        c.rect(620, 530 + i * 45, 620 + 360 * frac, 548 + i * 45, ROSE, radius=8)
    c.rect(620, 690, 760, 715, RED, radius=8)
    person(c, 330, 900, 1.5, RED)
    person(c, 1300, 900, 1.4, RED_DARK)
    bubble(c, 180, 270, 300, 130)
    bubble(c, 1120, 230, 320, 130, tail_left=False)
    bubble(c, 660, 200, 280, 120, RED_TINT)
    c.save("projekt-online-beteiligung.jpg")


def wlan():
    c = Canvas()
    hills(c, 560, RED_TINT, 20, seed=8)
    town(c, 700, ROSE, seed=4)
    c.rect(0, 700, WIDTH, HEIGHT, STONE)
    for i in range(0, WIDTH, 80):  # paving
        c.line([(i, 760), (i - 120, HEIGHT)], GREY, 2)
    # the access point on a lamp post
    c.rect(790, 360, 810, 900, INK)
    c.rect(760, 340, 840, 380, RED, radius=10)
    for r, width in ((90, 16), (150, 16), (210, 16)):
        c.arc(800, 340, r, 220, 320, RED, width)
    tree(c, 300, 900, 1.3)
    tree(c, 1320, 900, 1.1, GREEN_LIGHT)
    bicycle(c, 1040, 900, 1.2, RED_DARK)
    person(c, 560, 920, 1.3, RED)
    c.save("projekt-freies-wlan.jpg")


def lorawan():
    c = Canvas()
    hills(c, 600, RED_TINT, 35, seed=11)
    schwanenburg(c, 560, 700, 0.75)
    # gateway antenna on the tower and radio waves
    c.line([(560, 180), (560, 120)], INK, 6)
    for r in (50, 95, 140):
        c.arc(560, 140, r, 200, 340, RED_DARK, 10)
    c.rect(0, 700, WIDTH, 760, STONE)
    water(c, 760, HEIGHT)
    # sensors: a water-level gauge and a tree with a soil sensor
    c.rect(1180, 560, 1200, 900, INK)
    for i in range(8):
        c.rect(1200, 580 + i * 40, 1230 if i % 2 else 1250, 590 + i * 40, RED)
    c.circle(1190, 540, 30, fill=RED)
    tree(c, 1420, 650, 1.2)
    c.rect(1455, 600, 1495, 640, RED, radius=8)
    for x in (1190, 1475):
        c.arc(x, 520 if x == 1190 else 590, 70, 230, 310, RED, 8)
    c.save("projekt-lorawan-sensornetz.jpg")


def courses():
    c = Canvas(RED_TINT, STONE)
    # a room with a window onto the tower
    c.rect(120, 120, 620, 520, WHITE, radius=12)
    c.rect(140, 140, 600, 500, (236, 226, 222))
    schwanenburg(c, 370, 500, 0.45, ROSE)
    c.rect(365, 140, 375, 500, WHITE)
    # table, tablet and two people
    c.rect(300, 760, 1400, 800, RED_DARK, radius=10)
    c.rect(780, 640, 1020, 760, INK, radius=14)
    c.rect(795, 655, 1005, 745, WHITE, radius=6)
    c.circle(900, 700, 26, fill=RED)
    person(c, 640, 1000, 1.8, RED, (120, 120, 125))
    person(c, 1170, 1000, 1.8, GREEN, INK)
    bubble(c, 1050, 230, 300, 130)
    poplar(c, 1470, 760, 1.4)
    c.save("projekt-digitalisierungskurse.jpg")


def open_data():
    c = Canvas(STONE, WHITE)
    # a map of the town: grid of streets and the Spoykanal
    c.rect(120, 160, 820, 860, RED_TINT, radius=18)
    for i in range(6):
        c.line([(120, 200 + i * 120), (820, 230 + i * 110)], WHITE, 14)
        c.line([(160 + i * 120, 160), (190 + i * 110, 860)], WHITE, 14)
    c.line([(120, 700), (400, 620), (620, 660), (820, 560)], WATER, 34)
    for x, y in ((300, 380), (540, 300), (660, 520), (420, 760)):
        c.circle(x, y - 40, 30, fill=RED)
        c.poly([(x - 24, y - 30), (x + 24, y - 30), (x, y + 10)], RED)
        c.circle(x, y - 40, 11, fill=WHITE)
    # a bar chart
    base = 860
    for i, (h, col) in enumerate(
        ((260, RED), (420, RED_DARK), (330, RED), (560, RED_DARK), (470, RED))
    ):
        x = 920 + i * 110
        c.rect(x, base - h, x + 80, base, col, radius=8)
    c.rect(900, base, 1480, base + 8, INK)
    c.line([(960, 520), (1070, 380), (1180, 450), (1290, 250), (1400, 300)], INK, 8)
    for x, y in ((960, 520), (1070, 380), (1180, 450), (1290, 250), (1400, 300)):
        c.circle(x, y, 14, fill=WHITE, outline=INK, width=5)
    c.save("projekt-open-data.jpg")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for draw in (hero, participation, wlan, lorawan, courses, open_data):
        draw()
