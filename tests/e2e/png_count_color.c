// SPDX-License-Identifier: GPL-2.0-only
/*
 * Count the pixels of a PNG that have a given colour (within a tolerance),
 * so a screenshot test can tell a drawn timeline from an empty one.
 * Usage: png-count-color FILE.png RRGGBB
 */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	png_image image = { .version = PNG_IMAGE_VERSION };
	unsigned long want, count = 0;
	png_bytep pixels;

	if (argc != 3) {
		fprintf(stderr, "usage: %s FILE.png RRGGBB\n", argv[0]);
		return 2;
	}
	want = strtoul(argv[2], NULL, 16);
	if (!png_image_begin_read_from_file(&image, argv[1])) {
		fprintf(stderr, "%s: %s\n", argv[1], image.message);
		return 2;
	}
	image.format = PNG_FORMAT_RGB;
	pixels = malloc(PNG_IMAGE_SIZE(image));
	if (!pixels || !png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
		fprintf(stderr, "%s: %s\n", argv[1], image.message);
		return 2;
	}
	for (size_t i = 0; i < (size_t)image.width * image.height; i++) {
		int dr = pixels[3 * i] - (int)(want >> 16 & 0xff);
		int dg = pixels[3 * i + 1] - (int)(want >> 8 & 0xff);
		int db = pixels[3 * i + 2] - (int)(want & 0xff);

		count += abs(dr) <= 12 && abs(dg) <= 12 && abs(db) <= 12;
	}
	printf("%lu\n", count);
	free(pixels);
	return 0;
}
