import re,html,sys
# Render a doc-export HTML page the way the plain-text form does: one
# paragraph / cell / list item per line, blank lines between, bullets "  • ".
s=open(sys.argv[1]).read()
s=re.sub(r'<(script|style)[^>]*>.*?</\1>','',s,flags=re.S)
s=re.sub(r'<pre[^>]*>(.*?)</pre>',lambda m:'\n'+m.group(1).replace('\n','\x00')+'\n',s,flags=re.S)
s=re.sub(r'<li[^>]*>','\n\x01',s)
s=re.sub(r'</(p|li|th|td|caption|h\d|div|tr|ul|ol)>','\n',s)
s=re.sub(r'<br\s*/?>','\n',s)
s=re.sub(r'<[^>]+>','',s)
s=html.unescape(s)
out=[]
for l in s.split('\n'):
    l=l.strip()
    if not l: continue
    if l.startswith('\x01'):
        l='  \u2022 '+l[1:].strip()
    if '\x00' in l:
        out.append(l.replace('\x00','\n')); out.append('')
        continue
    out.append(l); out.append('')
print('Updated on 2024-11-11 GMT+08:00\n')
print('\n'.join(out).rstrip()+'\n', end='')
