from envplan.cli import main

main()
