from pantheros.cli import main

main()
