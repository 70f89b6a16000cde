/// A self-contained HTML page that cycles through QR frames (inline SVG, no external asset), with controls for
/// the frame period and the size, and a caption outside the quiet zone (qr-airgap.md §5.1, §5.3).
public enum QRAnimationPage {
    public static func html(
        symbols: [QRSymbol], title: String, framePeriodMilliseconds: Int = 250, modulePixels: Int = 6
    ) -> String {
        let frames = symbols.enumerated().map { index, symbol in
            "<svg class=\"frame\(index == 0 ? " shown" : "")\" data-index=\"\(index)\" "
                + "viewBox=\"0 0 \(symbol.width + 8) \(symbol.width + 8)\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path(symbol))\"/></svg>"
        }
        let side = (symbols.first?.width ?? 21) + 8
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body{background:#fff;color:#000;font-family:sans-serif;margin:16px}
            #code{width:\(side * modulePixels)px;height:\(side * modulePixels)px;background:#fff}
            #code svg{width:100%;height:100%;display:none}
            #code svg.shown{display:block}
            #controls{margin-top:8px}
            </style></head><body>
            <h1 style="font-size:16px">\(escape(title))</h1>
            <div id="code">
            \(frames.joined(separator: "\n"))
            </div>
            <p id="caption">frame 1 of \(symbols.count)</p>
            <div id="controls">
            <label>period (ms) <input id="period" type="number" min="50" max="5000" step="50" \
            value="\(framePeriodMilliseconds)"></label>
            <label>size (px per module) <input id="size" type="range" min="2" max="16" value="\(modulePixels)"></label>
            <button id="pause" type="button">pause</button>
            </div>
            <script>
            (function(){
              var frames=document.querySelectorAll('#code svg.frame'),code=document.getElementById('code');
              var caption=document.getElementById('caption'),period=document.getElementById('period');
              var size=document.getElementById('size'),pause=document.getElementById('pause');
              var current=0,timer=null,side=\(side);
              function show(i){frames[current].classList.remove('shown');current=i;frames[current].classList.add('shown');
                caption.textContent='frame '+(current+1)+' of '+frames.length;document.body.dataset.frame=current;}
              function start(){if(timer)clearInterval(timer);if(frames.length>1)
                timer=setInterval(function(){show((current+1)%frames.length);},Math.max(50,+period.value||250));}
              function resize(){var px=side*(+size.value||6)+'px';code.style.width=px;code.style.height=px;}
              period.addEventListener('change',start);size.addEventListener('input',resize);
              pause.addEventListener('click',function(){if(timer){clearInterval(timer);timer=null;
                pause.textContent='play';}else{start();pause.textContent='pause';}});
              document.body.dataset.frames=frames.length;document.body.dataset.frame=0;start();
            })();
            </script>
            </body></html>

            """
    }

    /// One SVG path of unit squares for the dark modules, offset by the quiet zone.
    static func path(_ symbol: QRSymbol) -> String {
        var parts: [String] = []
        parts.reserveCapacity(symbol.width * symbol.width / 2)
        for row in 0..<symbol.width {
            var column = 0
            while column < symbol.width {
                guard symbol.isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                var run = 1
                while symbol.isDark(row: row, column: column + run) { run += 1 }
                parts.append("M\(column + 4) \(row + 4)h\(run)v1h-\(run)z")
                column += run
            }
        }
        return parts.joined()
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character.isASCII && (character.asciiValue ?? 0) < 0x20 ? " " : character)
            }
        }
        return escaped
    }
}
