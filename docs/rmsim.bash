# bash completion for rmsim (installed by `make install`). Commands and
# options are read from `rmsim help` so that they never fall out of date.
_rmsim()
{
    local cur prev cmd
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=${COMP_WORDS[1]}
    local rmsim=${COMP_WORDS[0]}
    if [[ $COMP_CWORD -eq 1 ]]; then
        local cmds
        cmds=$("$rmsim" help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z]*\).*/\1/p')
        COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
        return
    fi
    case $prev in
    --out|-o|--transcript)
        COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --class)
        COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --format)
        COMPREPLY=($(compgen -W "csv json long table text" -- "$cur")); return ;;
    --payoff)
        COMPREPLY=($(compgen -W "axelrod trust" -- "$cur")); return ;;
    --dynamics)
        COMPREPLY=($(compgen -W "moran replicator" -- "$cur")); return ;;
    --against)
        COMPREPLY=($(compgen -W "$("$rmsim" strategies --format csv 2>/dev/null | sed 1d | cut -d, -f1)" -- "$cur"))
        return ;;
    esac
    if [[ $cur == -* ]]; then
        local opts
        opts=$("$rmsim" help "$cmd" 2>/dev/null | grep -oE -- '--[a-z][a-z-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
    run|sweep|info)
        COMPREPLY=($(compgen -f -X '!*.lua' -- "$cur") $(compgen -d -- "$cur")) ;;
    plot)
        COMPREPLY=($(compgen -f -X '!*.csv' -- "$cur") $(compgen -d -- "$cur")) ;;
    match|tournament|evolve)
        COMPREPLY=($(compgen -W "$("$rmsim" strategies --format csv 2>/dev/null | sed 1d | cut -d, -f1) copycat cheater cooperator copykitten simpleton" -- "$cur")
                   $(compgen -f -X '!*.lua' -- "$cur") $(compgen -d -- "$cur")) ;;
    fit)
        [[ $COMP_CWORD -eq 2 ]] && COMPREPLY=($(compgen -W "sbg" -- "$cur")) ;;
    help)
        COMPREPLY=($(compgen -W "$("$rmsim" help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z]*\).*/\1/p')" -- "$cur")) ;;
    esac
}
complete -F _rmsim rmsim
