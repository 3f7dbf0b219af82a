/*
 * embed: write a C file defining NAME[] and NAME_len from the bytes of FILE,
 * so candour carries its stylesheet inside the binary.
 * Usage: embed NAME FILE > out.c
 */
#include <stdio.h>

int
main(int argc, char *argv[])
{
	FILE	*f;
	int	 c;
	size_t	 n = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: embed NAME FILE\n");
		return 2;
	}
	if ((f = fopen(argv[2], "rb")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	printf("#include <stddef.h>\n#include \"assets.h\"\n\n"
	    "const char %s[] = {", argv[1]);
	while ((c = getc(f)) != EOF) {
		printf("%s%d,", n % 16 == 0 ? "\n\t" : " ", c);
		n++;
	}
	if (ferror(f)) {
		perror(argv[2]);
		fclose(f);
		return 1;
	}
	fclose(f);
	printf("\n\t0\n};\nconst size_t %s_len = %zu;\n", argv[1], n);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
